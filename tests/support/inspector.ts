/**
 * Runs an expression inside the worker's own isolate in `wrangler dev`, through wrangler's
 * DevTools proxy (the one `--inspector-port` opens). Tests use it to print a marker from inside
 * the worker without any test-only code in the worker: if that marker reaches the captured output,
 * so would anything the worker's own code printed.
 */

interface Message {
  id?: number;
  method?: string;
  params?: { context?: { id: number; name: string } };
  result?: { result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } };
  error?: { message: string };
}

export async function evaluateInWorker(inspectorPort: number, expression: string, timeoutMs = 10_000): Promise<unknown> {
  // wrangler's proxy refuses WebSocket upgrades without an Origin header.
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: 'http://127.0.0.1' } } as unknown as string[]);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from the worker's inspector within ${timeoutMs} ms`)), timeoutMs);
      let evaluating = false;
      let nextId = 1;
      const send = (method: string, params: object = {}) => socket.send(JSON.stringify({ id: nextId++, method, params }));
      socket.addEventListener('error', () => reject(new Error(`cannot reach the worker's inspector on port ${inspectorPort}`)));
      socket.addEventListener('open', () => {
        // Disable, then enable: the runtime announces its execution contexts again on enable.
        send('Runtime.disable');
        send('Runtime.enable');
      });
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as Message;
        if (message.method === 'Runtime.executionContextCreated' && !evaluating && message.params?.context) {
          evaluating = true;
          socket.send(JSON.stringify({ id: 1000, method: 'Runtime.evaluate', params: { contextId: message.params.context.id, expression, returnByValue: true } }));
          return;
        }
        if (message.id !== 1000) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error.message));
        else if (message.result?.exceptionDetails) reject(new Error(message.result.exceptionDetails.text));
        else resolve(message.result?.result?.value);
      });
    });
  } finally {
    socket.close();
  }
}
