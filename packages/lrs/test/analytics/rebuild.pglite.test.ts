import { openDb } from '../../src/store/db.js';
import { runRebuildContract } from './rebuild.contract.js';

runRebuildContract('PGlite', () => openDb({ dataDir: null }));
