/** The NATS server the JetStream tests use: NATS_URL (.ci/run starts one and sets it). */
export const TEST_NATS_URL = process.env.NATS_URL;

/** `describe` when NATS_URL is set (an unreachable server then fails the tests: a run promised
 * NATS must not pass by skipping them); otherwise `describe.skip`, saying why and how to run them. */
export function describeWithNats(name: string, body: () => void): void {
  if (TEST_NATS_URL) {
    describe(name, body);
  } else {
    console.warn(`SKIPPED "${name}": NATS_URL is not set. Start a server with: nats-server -js -a 127.0.0.1 -p 4222 --store_dir "$(mktemp -d)" & and run with NATS_URL=nats://127.0.0.1:4222`);
    describe.skip(name, body);
  }
}
