// The visitor stories of test/e2e/stories in WebKitGTK, Safari's engine (WebKitWebDriver), as a visitor on it would live them.
import { webkitEngine } from './engines/webkit.js';
import { runStories } from './stories/run.js';

runStories(webkitEngine);
