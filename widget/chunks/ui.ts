// dist/parley-ui.js: the panel's UI (Preact and the components), loaded on first open, a teaser or an
// agent message, and prefetched in idle time once a conversation exists. The only file with Preact.
import { mountUi } from '../ui/mount.js';
import { register } from './register.js';

register('ui', { mountUi });
