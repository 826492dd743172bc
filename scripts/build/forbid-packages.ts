import type { Plugin } from 'vite';

/**
 * Packages the page must never contain. zod defines globals when it loads (the logout e2e
 * checks the page's globals), and ajv compiles validators with `new Function`, which the
 * CSP forbids: the renderer imports only the zod-free contract modules (dial-pattern.ts,
 * caller-mask.ts, kb-image-bytes.ts, ticket-formats.ts, ticket-crypto.ts…) and types.
 * A value import of a zod schema anywhere in the page's graph fails the build here, with
 * the module that pulled it in, instead of failing one e2e spec much later.
 */
export const FORBIDDEN_PACKAGES = ['zod', 'ajv', 'ajv-formats'];

export function forbidPackages(names: readonly string[]): Plugin {
  const inPackage = (id: string) => names.find((n) => id.includes(`/node_modules/${n}/`));
  return {
    name: 'channeldesk:forbid-packages',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Report the project's own module that reached into the package: that is the line to fix.
        for (const id of chunk.moduleIds) {
          if (id.includes('/node_modules/')) continue;
          for (const imported of this.getModuleInfo(id)?.importedIds ?? []) {
            const found = inPackage(imported);
            if (found === undefined) continue;
            const chain = [id];
            // Walk up to the page's own file (a contract module is rarely the one to change).
            for (let head = id; !head.includes('/renderer/src/'); ) {
              const up = this.getModuleInfo(head)?.importers[0];
              if (up === undefined || chain.includes(up)) break;
              chain.unshift(up);
              head = up;
            }
            this.error(`the renderer bundle must not contain ${found}: ${chain.join(' → ')} imports it`);
          }
        }
      }
    },
  };
}
