// Preload for the PostGraphile child (node --import ./bench/with-resolvers.mjs): PostGraphile 5 targets
// Node 22 and calls Promise.withResolvers, which Node 20 lacks. The polyfill is the spec's behaviour.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
