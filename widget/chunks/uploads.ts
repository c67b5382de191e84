// dist/parley-uploads.js: putting a visitor's file where the helpdesk said, loaded only when a
// message with a file is due to go (DESIGN §10).
import { uploadFile } from '../uploads/upload.js';
import { register } from './register.js';

register('uploads', { uploadFile });
