import { describe, it } from 'vitest';

/** Whether `KOHTAAMO_REQUIRE` (comma-separated) lists `service`: then its absence fails instead of skipping. */
export function serviceRequired(service: string): boolean {
  return (process.env.KOHTAAMO_REQUIRE ?? '')
    .split(',')
    .some((name) => name.trim().toLowerCase() === service);
}

/**
 * `describe` for suites that need an outside service (PostgreSQL, Redis):
 * run when `missing` is undefined; otherwise skipped, or failing when
 * `KOHTAAMO_REQUIRE` lists the service (as CI does).
 */
export function describeWithService(
  service: string,
  missing: string | undefined,
  name: string,
  suite: () => void,
): void {
  if (missing === undefined) {
    describe(name, suite);
  } else if (serviceRequired(service)) {
    describe(name, () => {
      it(`has ${service}, which KOHTAAMO_REQUIRE lists as required`, () => {
        throw new Error(missing);
      });
    });
  } else {
    describe.skip(`${name} (${missing})`, suite);
  }
}
