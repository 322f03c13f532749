import type { Server } from 'node:http';
import { createPreviewApp, type PreviewOptions } from './app.js';

export { createPreviewApp } from './app.js';
export type { LrsLink, PreviewOptions } from './app.js';
export { importFolder, importPackage, PackageImportError } from './package-store.js';
export type { ImportedPackage } from './package-store.js';

export interface RunningPreview {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the preview LMS; rejects with "port N is already in use" when the port is taken. */
export function startPreviewLms(
  options: PreviewOptions & { port?: number; host?: string },
): Promise<RunningPreview> {
  const app = createPreviewApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(options.port ?? 0, host);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} is already in use`) : error);
    });
    server.once('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
