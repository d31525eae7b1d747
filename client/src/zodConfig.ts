import { z } from 'zod';

// zod probes `new Function('')` to decide whether to compile its parsers. The
// server's Content-Security-Policy has no 'unsafe-eval', so the probe would be
// blocked and reported as a violation; parsing without compiled code is enough here.
z.config({ jitless: true });
