/**
 * Interop with LangChain.js both ways: `fromLangChain` (theirs as ours) and `toLangChain` (ours as
 * theirs), plus lossless message conversion. Importing this module also lets `pipe` and every
 * other coercion adapt LangChain objects with inner events and lossless messages.
 * @module
 */
import { foreignInterop } from '../core/foreign-runnable';
import type { ForeignRunnableLike } from '../core/foreign-runnable';
import { fromLangChainValue, toLangChainValue } from './convert';
import { FromLangChainRunnable } from './from-langchain';

export { fromLangChain, FromLangChainRunnable } from './from-langchain';
export type { FromLangChainOptions, FromLangChainValue } from './from-langchain';
export { toLangChain, ToLangChainRunnable } from './to-langchain';
export type { ToLangChainValue } from './to-langchain';
export { fromLangChainValue, toLangChainValue } from './convert';
export { fromLangChainMessage, toLangChainMessage } from './messages';

foreignInterop.adapt = (value: ForeignRunnableLike) => new FromLangChainRunnable(value);
foreignInterop.toForeignInput = toLangChainValue;
foreignInterop.fromForeignChunk = fromLangChainValue;
