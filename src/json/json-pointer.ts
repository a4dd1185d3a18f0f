/**
 * RFC 6901 JSON Pointers: the paths used by JSON Patch (implemented in core, which run logs share).
 * @module
 */
export { formatJsonPointer, formatPointerToken, parseJsonPointer } from '../core/json-pointer';
