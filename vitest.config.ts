import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** Resolve @kohtaamo/shared (and friends) to TypeScript source, so tests need no build. */
const sourceConditions = ['kohtaamo-source'];

function project(test: TestProjectInlineConfiguration['test']): TestProjectInlineConfiguration {
  return {
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions } },
    test,
  };
}

/**
 * One Vitest run covers every package. Unit tests live beside the code;
 * integration and browser tests live under tests/ and use the built server.
 */
export default defineConfig({
  test: {
    projects: [
      project({
        name: 'shared',
        root: 'shared',
        include: ['src/**/*.test.ts'],
        environment: 'node',
      }),
      project({
        name: 'server',
        root: 'server',
        include: ['src/**/*.test.ts'],
        environment: 'node',
      }),
      project({
        name: 'client',
        root: 'client',
        include: ['src/**/*.test.{ts,tsx}'],
        environment: 'jsdom',
      }),
      project({
        name: 'integration',
        root: 'tests',
        include: ['integration/**/*.test.ts'],
        environment: 'node',
        testTimeout: 30_000,
        hookTimeout: 60_000,
      }),
      project({
        name: 'e2e',
        root: 'tests',
        include: ['e2e/**/*.test.ts'],
        environment: 'node',
        testTimeout: 60_000,
        hookTimeout: 120_000,
        fileParallelism: false,
      }),
    ],
  },
});
