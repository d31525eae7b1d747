import { describe, expect, it } from 'vitest';
import {
  browserAvailability,
  defaultChromiumPath,
  requiredDependencies,
} from '../helpers/browser.js';

const nothingExists = () => false;
const everythingExists = () => true;

describe('browserAvailability', () => {
  it('finds Chromium at the default path', () => {
    expect(browserAvailability({}, (path) => path === defaultChromiumPath)).toEqual({
      kind: 'available',
      location: defaultChromiumPath,
    });
  });

  it('prefers CHROMIUM_PATH', () => {
    expect(browserAvailability({ CHROMIUM_PATH: '/opt/chrome' }, everythingExists)).toEqual({
      kind: 'available',
      location: '/opt/chrome',
    });
  });

  it('skips (not required) when Chromium is missing and CI did not ask for it', () => {
    const result = browserAvailability({ KOHTAAMO_REQUIRE: 'postgres,redis' }, nothingExists);
    expect(result).toMatchObject({ kind: 'missing', required: false });
  });

  it('fails (required) when KOHTAAMO_REQUIRE lists chromium', () => {
    const result = browserAvailability(
      { KOHTAAMO_REQUIRE: ' Postgres , CHROMIUM,redis', CHROMIUM_PATH: '/nope' },
      nothingExists,
    );
    expect(result).toMatchObject({ kind: 'missing', required: true });
    expect(result.kind === 'missing' && result.reason).toContain('/nope');
  });

  it('reads KOHTAAMO_REQUIRE as a trimmed, lower-cased set', () => {
    expect([...requiredDependencies({ KOHTAAMO_REQUIRE: 'chromium, Redis,,' })]).toEqual([
      'chromium',
      'redis',
    ]);
  });
});
