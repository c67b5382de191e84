// The visitor stories of test/e2e/stories in Firefox ESR (WebDriver BiDi), as a visitor on it would live them.
import { firefoxEngine } from './engines/firefox.js';
import { runStories } from './stories/run.js';

runStories(firefoxEngine);
