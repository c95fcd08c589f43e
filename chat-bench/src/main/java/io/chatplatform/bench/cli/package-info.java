/** Command-line options: {@code --name value} pairs with typed reads and a check for misspelt names. */
package io.chatplatform.bench.cli;
