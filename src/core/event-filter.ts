/**
 * Which events `streamEvents` delivers: LangChain's include/exclude filter.
 * @module
 */
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

const kindOf = (event: RunEvent): string => event.event.slice(3, event.event.lastIndexOf('_'));

const any = (list: readonly string[] | undefined, test: (item: string) => boolean): boolean =>
  list !== undefined && list.some(test);

/** True when `filter` lets `event` through. @internal */
export function passes(filter: EventFilter, event: RunEvent): boolean {
  const kind = kindOf(event);
  const { includeNames, includeTypes, includeTags, excludeNames, excludeTypes, excludeTags } =
    filter;
  if (includeNames || includeTypes || includeTags) {
    const included =
      any(includeNames, (n) => n === event.name) ||
      any(includeTypes, (t) => t === kind) ||
      any(includeTags, (t) => event.tags.includes(t));
    if (!included) return false;
  }
  return !(
    any(excludeNames, (n) => n === event.name) ||
    any(excludeTypes, (t) => t === kind) ||
    any(excludeTags, (t) => event.tags.includes(t))
  );
}

/** `sink` behind `filter` (itself when there is none). @internal */
export function filtered(sink: RunEventSink, filter: EventFilter | undefined): RunEventSink {
  if (filter === undefined) return sink;
  return (event) => {
    if (passes(filter, event)) sink(event);
  };
}
