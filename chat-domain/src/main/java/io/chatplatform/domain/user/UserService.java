package io.chatplatform.domain.user;

import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers local accounts and checks their passwords. */
@Service
public class UserService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    /** BCrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int MIN_PASSWORD_LENGTH = 8;

    private final UserAccountRepository accounts;
    private final RevocationRepository revocations;
    private final ApplicationEventPublisher events;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final AuthProperties properties;
    private final Clock clock;
    /** Compared against when the username is unknown, so a login takes as long for a missing user as for a wrong password. */
    private final String dummyHash;

    UserService(UserAccountRepository accounts, RevocationRepository revocations, ApplicationEventPublisher events,
            AuthProperties properties, Clock clock) {
        this.accounts = accounts;
        this.revocations = revocations;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.dummyHash = encoder.encode("not-a-real-password");
    }

    @Transactional
    public Actor register(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw DomainException.badRequest("username must be 3 to 64 letters, digits, '.', '_' or '-'");
        }
        validatePassword(password);
        if (accounts.existsById(username)) {
            throw DomainException.conflict("username is taken");
        }
        Role role = properties.adminUsers().contains(username) ? Role.ADMIN : Role.USER;
        try {
            accounts.saveAndFlush(new UserAccount(username, encoder.encode(password), role, clock.instant()));
        } catch (DataIntegrityViolationException raced) {
            throw DomainException.conflict("username is taken");
        }
        return new Actor(username, role);
    }

    @Transactional(readOnly = true)
    public Actor authenticate(String username, String password) {
        UserAccount account = username == null ? null : accounts.findById(username).orElse(null);
        String hash = account == null ? dummyHash : account.passwordHash();
        boolean matches = password != null && encoder.matches(password, hash);
        if (account == null || !matches) {
            throw new DomainException(ErrorCode.UNAUTHORIZED, "invalid username or password");
        }
        Role role = properties.adminUsers().contains(username) ? Role.ADMIN : account.role();
        return new Actor(account.username(), role);
    }

    /**
     * The platform ADMINs the server knows of without anyone connected: local accounts with the ADMIN role and
     * the configured {@code chat.auth.admin-users}. Users of other issuers' ADMIN tokens are not known here.
     */
    @Transactional(readOnly = true)
    public Set<String> knownAdminIds() {
        Set<String> admins = new TreeSet<>(accounts.findUsernamesByRole(Role.ADMIN));
        properties.adminUsers().stream().filter(userId -> !userId.isBlank()).forEach(admins::add);
        return admins;
    }

    /**
     * Deletes a user: the local account if there is one, their memberships (through {@link AccountDeleted}
     * listeners), and every token issued to them so far, whoever issued it. The user may register again later.
     * Only the user themselves or a platform ADMIN may do it.
     */
    @Transactional
    public void delete(Actor caller, String userId) {
        UserIds.requireValid(userId);
        if (!caller.userId().equals(userId) && !caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only the user or a platform ADMIN may delete an account");
        }
        accounts.deleteById(userId);
        Instant now = clock.instant();
        revocations.findById(userId).ifPresentOrElse(r -> r.renew(now),
                () -> revocations.save(new Revocation(userId, now)));
        events.publishEvent(new AccountDeleted(userId, caller.userId()));
    }

    /** Whether a token of {@code userId} issued at {@code issuedAt} was revoked by an account deletion. */
    @Transactional(readOnly = true)
    public boolean isRevoked(String userId, Instant issuedAt) {
        return revocations.findById(userId).map(r -> r.covers(issuedAt)).orElse(false);
    }

    private static void validatePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw DomainException.badRequest("password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw DomainException.badRequest("password must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
    }
}
