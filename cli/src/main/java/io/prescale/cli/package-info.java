/**
 * The {@code prescale} command line: Picocli commands that parse options, call one engine method each and render
 * its result as a table or JSON. {@link io.prescale.cli.Main#run} is the in-process entry point tests use.
 */
package io.prescale.cli;
