import type { Loader } from 'astro/loaders';

/**
 * `loader`, with Astro's data store given only `outline(body)` of each entry's body. The loader
 * renders the entry's HTML from the whole file before it stores the entry, so only what other
 * code reads of the body is affected: src/lib/body-outline.ts says what that is, and why.
 */
export function withOutlinedBodies(loader: Loader, outline: (body: string) => string): Loader {
  return {
    ...loader,
    load: (context) =>
      loader.load({
        ...context,
        store: new Proxy(context.store, {
          get(store, key, receiver) {
            if (key !== 'set') return Reflect.get(store, key, receiver);
            return (entry: Parameters<typeof store.set>[0]) => store.set(entry.body === undefined ? entry : { ...entry, body: outline(entry.body) });
          },
        }),
      }),
  };
}
