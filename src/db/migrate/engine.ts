import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type * as Glue from '@prisma/schema-engine-wasm/schema_engine_bg';

/** Prisma's schema engine (the one behind `prisma migrate`), compiled to wasm: the native
 * binary cannot be downloaded on our machines, this package comes from the npm registry. */
export type SchemaEngine = Glue.SchemaEngine;
type EngineModule = typeof Glue;

/** An engine call failed; `message` says why in the engine's or the database's words. */
class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
}

// Node has WebAssembly; our `lib` (ES2023, no DOM) does not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let lastPanic: string | undefined;
let loading: Promise<EngineModule> | undefined;

/** Instantiates the wasm once per process (~5 MB); later calls reuse it. */
function loadSchemaEngineModule(): Promise<EngineModule> {
  loading ??= instantiate().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<EngineModule> {
  // The glue calls global.PRISMA_WASM_PANIC_REGISTRY.set_message on a Rust panic; without it
  // the panic surfaces as "Cannot read properties of undefined" and its message is lost.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => void (lastPanic = message) };
  // The package's own entry imports the .wasm as an ES module, which Node cannot do; its glue
  // file is plain ESM (require(esm) on Node >= 20.19; transformed under Jest).
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = require(gluePath) as EngineModule;
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, fn] of Object.entries(glue)) {
    // The engine's timers (e.g. its lock timeout) must not keep a finished CLI alive for ~10 s.
    if (!name.startsWith('__wbg_setTimeout_') || typeof fn !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = (fn as (...a: unknown[]) => NodeJS.Timeout)(...args);
      timer?.unref?.();
      return timer;
    };
  }
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface EngineSession {
  engine: SchemaEngine;
  /** Runs one engine call and turns its failures into a readable SchemaEngineError. */
  call<T>(what: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T>;
}

/** Opens an engine over `factory` for the duration of `fn`, then frees it and closes the
 * factory's connections (see EngineAdapterFactory.close). */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory & { close?(): Promise<void> },
  fn: (session: EngineSession) => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  const module = await loadSchemaEngineModule();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const call = async <R>(what: string, run: () => Promise<R>): Promise<R> => {
    lastPanic = undefined;
    try {
      return await run();
    } catch (error) {
      throw new SchemaEngineError(`schema engine ${what} failed: ${describeEngineError(error, bound.errorRegistry)}`, {
        cause: error,
      });
    }
  };
  try {
    const engine = await call('start', () => module.SchemaEngine.new({ datamodels: undefined }, log, bound));
    try {
      return await fn({ engine, call: (what, run) => call(what, () => run(engine)) });
    } finally {
      engine.free();
    }
  } finally {
    await factory.close?.();
  }
}

/** Adapter errors cross the wasm boundary as "External error id#N"; the JS error is kept in
 * the bound factory's registry. */
function describeEngineError(error: unknown, registry: ErrorRegistry): string {
  if (lastPanic) return `engine panic: ${lastPanic}`;
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const message = tryParseMessage(raw);
  return message.replace(/External error id#(\d+)/g, (match, id: string) => {
    const record = registry.consumeError(Number(id));
    const inner = record?.error;
    return inner instanceof Error ? `${inner.name}: ${inner.message}` : record ? String(inner) : match;
  });
}

/** Engine errors are often JSON ({ message, error_code, ... }); keep their human text. */
function tryParseMessage(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { message?: string; error_code?: string };
    if (typeof parsed.message === 'string') return parsed.error_code ? `${parsed.error_code}: ${parsed.message}` : parsed.message;
  } catch {
    // not JSON: the text is already human
  }
  return raw;
}
