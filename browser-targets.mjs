// The browsers the widget ships to; the build, the size tests and the benchmarks all use this list.
export const BROWSER_TARGETS = ['es2019', 'chrome80', 'firefox78', 'safari13'];
