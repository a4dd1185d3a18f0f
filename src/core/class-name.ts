/**
 * Class names that survive bundling.
 * @module
 */

/**
 * Gives `cls` the name it is declared with. A bundler renames a class that refers to itself in
 * its body (`var RunnableSequence = class _RunnableSequence …`), and events report a step by its
 * class name. Fixing the few classes that need it costs nothing per instance, unlike a bundler's
 * `keepNames`, which re-names every function and closure each time one is made.
 * @internal
 */
export function keepClassName(cls: { readonly name: string }, name: string): void {
  if (cls.name !== name) Object.defineProperty(cls, 'name', { value: name, configurable: true });
}
