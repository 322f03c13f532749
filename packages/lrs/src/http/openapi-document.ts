export const OPENAPI = { openapi: '3.1.0', info: { title: 'xAPI LRS', version: '1.0.0' }, paths: {} };
