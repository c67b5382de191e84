// dist/parley-faq.js: the FAQ search core, loaded when the visitor first opens the panel or types.
import { createFaqIndex } from '../faq/index.js';
import { register } from './register.js';

register('faq', { createFaqIndex });
