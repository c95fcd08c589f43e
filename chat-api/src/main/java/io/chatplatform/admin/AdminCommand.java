package io.chatplatform.admin;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code admin create|promote|demote <username>}: how operators make platform ADMINs. Registration never grants
 * ADMIN (a stranger could register the name first), so the first admin comes from whoever can run the server jar
 * against its database. Runs with the server's configuration (profiles, {@code SPRING_DATASOURCE_*},
 * {@code --options}) but starts no web server, prints what it did and exits: 0 done, 1 refused or failed,
 * 2 wrong usage.
 */
public final class AdminCommand {

    public static final String NAME = "admin";
    static final String PASSWORD_VARIABLE = "CHAT_ADMIN_PASSWORD";
    static final String USAGE = """
            usage: java -jar chat-server.jar admin <command> <username> [--spring.option=value ...]
              create <username>   create a local ADMIN account (or make an existing local account ADMIN with this
                                  password); the password comes from CHAT_ADMIN_PASSWORD, else from the terminal or
                                  the first line of standard input
              promote <username>  make an existing local account ADMIN
              demote <username>   make an existing local account a plain USER; its tokens issued so far stop working
            The command uses the server's settings (profile, SPRING_DATASOURCE_*); with embedded H2, stop the server
            first.""";

    private final Map<String, String> environment;
    private final InputStream stdin;
    private final Console console;
    private final PrintStream out;
    private final PrintStream err;

    AdminCommand(Map<String, String> environment, InputStream stdin, Console console, PrintStream out,
            PrintStream err) {
        this.environment = environment;
        this.stdin = stdin;
        this.console = console;
        this.out = out;
        this.err = err;
    }

    public static boolean isInvoked(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** Runs {@code args} ({@code admin ...}) with this process's environment and terminal; returns the exit code. */
    public static int run(String[] args) {
        return new AdminCommand(System.getenv(), System.in, System.console(), System.out, System.err).execute(args);
    }

    int execute(String[] args) {
        List<String> words = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            (arg.startsWith("--") ? springArgs : words).add(arg);
        }
        if (words.size() != 2 || !List.of("create", "promote", "demote").contains(words.get(0))) {
            err.println(USAGE);
            return 2;
        }
        String action = words.get(0);
        String username = words.get(1);
        String password = null;
        if (action.equals("create")) {
            password = password(username);
            if (password == null) {
                err.println("admin create: no password. Set " + PASSWORD_VARIABLE
                        + ", type it at the terminal, or pipe it on standard input.");
                return 2;
            }
        }
        try (ConfigurableApplicationContext context = start(springArgs)) {
            UserService users = context.getBean(UserService.class);
            out.println(switch (action) {
                case "create" -> create(users, username, password);
                case "promote" -> change(users, username, Role.ADMIN);
                default -> change(users, username, Role.USER);
            });
            return 0;
        } catch (DomainException refused) {
            err.println("admin " + action + ": " + refused.getMessage());
            return 1;
        } catch (RuntimeException failed) {
            err.println("admin " + action + ": could not start: " + rootMessage(failed));
            return 1;
        }
    }

    private static ConfigurableApplicationContext start(List<String> springArgs) {
        return new SpringApplicationBuilder(AdminCommandContext.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // Only problems reach the operator's terminal; the settings can still raise it.
                .properties("logging.level.root=warn")
                .run(springArgs.toArray(String[]::new));
    }

    private static String create(UserService users, String username, String password) {
        if (users.createAdmin(username, password)) {
            return "Created the local ADMIN account '" + username + "'. It logs in with POST /api/auth/login.";
        }
        return "'" + username + "' was already a local account: it is now ADMIN with the new password, and the "
                + "tokens it was issued before no longer work.";
    }

    private static String change(UserService users, String username, Role role) {
        Role before = users.changeRole(username, role);
        if (before == role) {
            return "'" + username + "' is already " + role + "; nothing changed.";
        }
        if (role == Role.ADMIN) {
            return "'" + username + "' is now ADMIN (was " + before + "). Its tokens issued before still say "
                    + before + ": log in again for an ADMIN token.";
        }
        return "'" + username + "' is now " + role + " (was " + before + "); the tokens it was issued before no "
                + "longer work. Running servers close the sockets they opened, normally within a second, at most 2 x "
                + "chat.auth.revocation-reload (60 s) later.";
    }

    /** From the environment, else the terminal (asked twice, not echoed), else the first line of standard input. */
    private String password(String username) {
        String fromEnvironment = environment.get(PASSWORD_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", username);
            char[] again = console.readPassword("Repeat the password: ");
            if (first == null || again == null) {
                return null;
            }
            if (!Arrays.equals(first, again)) {
                err.println("admin create: the two passwords differ.");
                return null;
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return line == null || line.isEmpty() ? null : line;
        } catch (IOException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
