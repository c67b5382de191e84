// dist/parley-invitations.js: the invitation rules engine, loaded only when the site has rules.
import { createInvitationEngine } from '../invitations/engine.js';
import { register } from './register.js';

register('invitations', { createInvitationEngine });
