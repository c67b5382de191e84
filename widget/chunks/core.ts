// dist/parley-core.js: the client core (storage, socket, tabs, the conversation), loaded in idle time
// after parley.js has painted the bubble, and only once consent allows (DESIGN §12).
import { Client } from '../core/client.js';
import { register } from './register.js';

register('core', { Client });
