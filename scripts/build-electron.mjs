// `npm run build:electron`: bundles the Electron main process and the preload with esbuild
// into dist/electron (definition in scripts/release/electron-bundles.ts, shared with the
// deterministic release build: REQUIREMENTS audit question 12).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bundleElectron } from './release/electron-bundles.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await bundleElectron({ root, outdir: path.join(root, 'dist', 'electron') });
