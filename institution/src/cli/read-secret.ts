import type { Readable, Writable } from 'node:stream';

/**
 * Reads one line from `input` without echoing it (when it is a terminal). Secrets come
 * from stdin, never from argv, where other users could see them in the process list.
 */
export async function readSecretLine(input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown }, prompt: Writable, label: string): Promise<string> {
  if (input.isTTY === true && input.setRawMode !== undefined) {
    const setRawMode = input.setRawMode.bind(input);
    prompt.write(label);
    setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    return new Promise((resolve, reject) => {
      let value = '';
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            cleanup();
            prompt.write('\n');
            resolve(value);
            return;
          }
          if (char === '\u0003') {
            cleanup();
            reject(new Error('cancelled'));
            return;
          }
          value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
        }
      };
      const cleanup = (): void => {
        input.off('data', onData);
        setRawMode(false);
        input.pause();
      };
      input.on('data', onData);
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}
