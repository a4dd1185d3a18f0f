/**
 * Which events `streamEvents` delivers: LangChain's include/exclude filter.
 * @module
 */
import { kindOf } from './callback-dispatch';
import type { RunEvent, RunEventSink } from './run-events';

/**
 * The third argument of `streamEvents`, as in LangChain: with any `include…` list, an event is
 * delivered when its step's name, kind or one of its tags is included; then an event whose name,
 * kind or a tag is excluded is dropped.
 */
export interface EventFilter {
  includeNames?: readonly string[];
  includeTypes?: readonly string[];
  includeTags?: readonly string[];
  excludeNames?: readonly string[];
  excludeTypes?: readonly string[];
  excludeTags?: readonly string[];
}

/** The option names of an {@link EventFilter}. @internal */
export const FILTER_OPTION_NAMES: ReadonlySet<string> = new Set([
  'includeNames',
  'includeTypes',
  'includeTags',
  'excludeNames',
  'excludeTypes',
  'excludeTags',
]);

/** Whether `a` and `b` have an item in common. */
function meet(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (b.includes(a[i] as string)) return true;
  return false;
}

/**
 * LangChain's `_includeRun`: whether `filter` lets through a step of `name`, run `type` and
 * `tags`. With any `include…` list, one of them must include the step; then no `exclude…` list
 * may. @internal
 */
export function includesRun(
  filter: EventFilter,
  name: string,
  type: string,
  tags: readonly string[],
): boolean {
  const { includeNames, includeTypes, includeTags, excludeNames, excludeTypes, excludeTags } =
    filter;
  let include =
    includeNames === undefined && includeTypes === undefined && includeTags === undefined;
  if (includeNames !== undefined) include ||= includeNames.includes(name);
  if (includeTypes !== undefined) include ||= includeTypes.includes(type);
  if (includeTags !== undefined) include ||= meet(tags, includeTags);
  if (excludeNames !== undefined) include &&= !excludeNames.includes(name);
  if (excludeTypes !== undefined) include &&= !excludeTypes.includes(type);
  if (excludeTags !== undefined) include &&= !meet(tags, excludeTags);
  return include;
}

/** True when `filter` lets `event` through (its type is its kind: `chat_model`, …). @internal */
export function passes(filter: EventFilter, event: RunEvent): boolean {
  return includesRun(filter, event.name, kindOf(event), event.tags);
}

/** `sink` behind `filter` (itself when there is none). @internal */
export function filtered(sink: RunEventSink, filter: EventFilter | undefined): RunEventSink {
  if (filter === undefined) return sink;
  return (event) => {
    if (passes(filter, event)) sink(event);
  };
}
