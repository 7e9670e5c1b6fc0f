// The card frame's only script of its own: load the widget and start it.
import init, { start } from './tessera_widget.js';

await init();
start();
