import { WebSocketInterface } from 'jssip';

/**
 * JsSIP's WebSocket with a guard around message handling. Measured with JsSIP 3.13.8: a
 * response whose CSeq does not parse makes `Parser.parseHeader` throw a TypeError out of the
 * WebSocket's message event (it reads `parsed.method` of undefined), and other malformed input
 * may do the same. A message JsSIP cannot handle is dropped here, as JsSIP drops the ones it
 * detects itself, instead of escaping to the page as an uncaught error; `onDropped` is told.
 */
export class GuardedWebSocket extends WebSocketInterface {
  constructor(url: string, onDropped: (error: unknown) => void = () => undefined) {
    super(url);
    let handler: (data: unknown) => void = () => undefined;
    const guarded = (data: unknown): void => {
      try {
        handler(data);
      } catch (error) {
        onDropped(error);
      }
    };
    // JsSIP's Transport assigns `socket.ondata`; keep its handler, hand out the guarded one.
    Object.defineProperty(this, 'ondata', {
      configurable: true,
      get: () => guarded,
      set: (next: (data: unknown) => void) => {
        handler = typeof next === 'function' ? next : () => undefined;
      },
    });
  }
}
