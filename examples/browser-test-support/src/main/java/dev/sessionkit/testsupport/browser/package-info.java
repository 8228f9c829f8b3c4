/**
 * Headless Chromium for the demos' browser tests, over the DevTools protocol: {@link
 * dev.sessionkit.testsupport.browser.Chromium}. Test scope only; never published.
 */
package dev.sessionkit.testsupport.browser;
