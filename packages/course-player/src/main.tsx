import './styles.css';
import { startPlayer } from './boot/start-player.js';

void startPlayer(document.getElementById('root')!, { window });
