/**
 * Where the built dashboard lives (`npm run build -w @course/dashboard` writes it). The LRS serves
 * this folder at /dashboard/; nothing else of this package runs in Node.
 */
export const DASHBOARD_DIST: string = decodeURIComponent(new URL('./dist/', import.meta.url).pathname);
