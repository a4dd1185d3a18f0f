/**
 * Tools of a run: their definition, argument validation, and execution under a timeout.
 * @module
 */
import { RxRunnablesError, abortError, toRxRunnablesError } from '../core';
import { followSignal } from '../core/follow-signal';
import { toToolDefinition } from '../models';
import type { JSONSchema, ToolDefinition } from '../models';

/** What a tool's `execute` receives besides its arguments. */
export interface ToolExecuteContext {
  /** The id of the tool call. */
  readonly toolCallId: string;
  /** Aborted when the run is cancelled or the tool times out; stop all work when it fires. */
  readonly signal: AbortSignal;
}

/**
 * A tool a run can call. With `execute`, the run calls it itself (automatic); without, the run
 * pauses in `requires_action` for the application to submit its output (manual). With
 * `needsApproval`, the run pauses for `approve`/`reject` before the call runs.
 *
 * @example
 * ```ts
 * const weather: RunTool = {
 *   name: 'weather',
 *   description: 'Weather in a city',
 *   schema: z.object({ city: z.string() }),
 *   execute: async ({ city }) => `Sunny in ${String(city)}`,
 * };
 * ```
 */
export interface RunTool {
  readonly name: string;
  readonly description?: string;
  /** A zod 4 schema (validated with `safeParse`) or JSON Schema (required keys and types). */
  readonly schema?: unknown;
  /** Runs the tool; its result (a string, or JSON-serialized) is sent back to the model. */
  readonly execute?: (args: Record<string, unknown>, context: ToolExecuteContext) => unknown;
  /** Pause the run for approval before this tool is called. */
  readonly needsApproval?: boolean;
}

/** The tool's definition as the model sees it. */
export function runToolDefinition(tool: RunTool, index: number): ToolDefinition {
  return toToolDefinition(
    {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      schema: tool.schema ?? { type: 'object', properties: {} },
    },
    { step: 'createRun', index },
  );
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeMatches(type: unknown, value: unknown): boolean {
  if (Array.isArray(type)) return type.some((t) => typeMatches(t, value));
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/** A minimal JSON Schema check: required keys present, top-level property types match. */
function checkJsonSchema(schema: JSONSchema, args: Rec): string | undefined {
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  for (const key of required) {
    if (typeof key === 'string' && !(key in args)) return `missing required argument "${key}"`;
  }
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [key, value] of Object.entries(args)) {
    const property = properties[key];
    if (isRecord(property) && 'type' in property && !typeMatches(property.type, value)) {
      return `argument "${key}" must be of type ${JSON.stringify(property.type)}`;
    }
  }
  return undefined;
}

/**
 * Validates arguments against the tool's schema: a zod schema through `safeParse` (its parsed
 * output is what the tool receives), JSON Schema through a minimal required/type check.
 * Returns the arguments to use, or throws `TOOL_ARGUMENTS`.
 */
export function validateToolArgs(tool: RunTool, args: Rec, toolCallId: string): Rec {
  const schema = tool.schema;
  const details = { step: tool.name, stage: 'tool-arguments', toolCallId };
  if (isRecord(schema) && typeof schema.safeParse === 'function') {
    const result = (
      schema.safeParse as (v: unknown) => { success: boolean; data?: unknown; error?: unknown }
    )(args);
    if (!result.success) {
      const message = result.error instanceof Error ? result.error.message : 'invalid arguments';
      throw new RxRunnablesError(
        'TOOL_ARGUMENTS',
        `Invalid arguments for ${tool.name}: ${message}`,
        details,
      );
    }
    return isRecord(result.data) ? result.data : args;
  }
  if (isRecord(schema)) {
    const problem = checkJsonSchema(schema, args);
    if (problem !== undefined) {
      throw new RxRunnablesError(
        'TOOL_ARGUMENTS',
        `Invalid arguments for ${tool.name}: ${problem}`,
        details,
      );
    }
  }
  return args;
}

/** A tool's result as the text sent back to the model. */
export function outputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The result of one tool call: its text, and whether it failed. */
export interface ToolOutcome {
  readonly output: string;
  readonly isError: boolean;
}

/**
 * Runs `tool.execute` under `timeoutMs` and the run's `signal`. A throw, a rejection, invalid
 * arguments or the timeout become an error outcome (`Error: …`), so the run goes on; the tool's
 * own signal is aborted on timeout and on cancel, and the timer is always cleared.
 */
export async function executeTool(
  tool: RunTool,
  execute: NonNullable<RunTool['execute']>,
  args: Rec,
  options: { toolCallId: string; timeoutMs: number; signal: AbortSignal },
): Promise<ToolOutcome> {
  if (options.signal.aborted) throw abortError(options.signal.reason);
  const { controller, release } = followSignal(options.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const valid = validateToolArgs(tool, args, options.toolCallId);
    const stopped = new Promise<never>((_, reject) => {
      if (Number.isFinite(options.timeoutMs)) {
        timer = setTimeout(() => {
          const error = new RxRunnablesError(
            'TIMEOUT',
            `Tool ${tool.name} did not finish within ${options.timeoutMs} ms`,
            {
              step: tool.name,
              stage: 'tool',
              toolCallId: options.toolCallId,
              timeoutMs: options.timeoutMs,
            },
          );
          controller.abort(error);
          reject(error);
        }, options.timeoutMs);
      }
      controller.signal.addEventListener(
        'abort',
        () => reject(abortError(controller.signal.reason)),
        {
          once: true,
        },
      );
    });
    const result = await Promise.race([
      Promise.resolve().then(() =>
        execute(valid, { toolCallId: options.toolCallId, signal: controller.signal }),
      ),
      stopped,
    ]);
    return { output: outputText(result), isError: false };
  } catch (error) {
    if (options.signal.aborted) throw abortError(options.signal.reason);
    const typed = toRxRunnablesError(error, 'TOOL_FAILED', { step: tool.name, stage: 'tool' });
    return { output: `Error: ${typed.message}`, isError: true };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    release();
  }
}
