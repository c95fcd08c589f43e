package io.chatplatform.domain.user;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers local accounts and checks their passwords. A user id needs no local account, so registration refuses
 * every id the system already knows: an id someone was handed (as a room member, a notification recipient, on a
 * verified token) or a deleted account's. Nobody becomes ADMIN by registering: operators make admins with the
 * server jar's {@code admin} command ({@link #createAdmin}, {@link #changeRole}).
 */
@Service
public class UserService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    /** BCrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int MIN_PASSWORD_LENGTH = 8;
    /** The same answer whatever made the id unavailable, so the answer does not tell who uses it. */
    private static final String TAKEN = "username is taken";

    private final UserAccountRepository accounts;
    private final RevocationRepository revocations;
    private final RevokedTokens revoked;
    private final UserIdRegistry ids;
    private final ApplicationEventPublisher events;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final RegistrationPolicy registration;
    private final Clock clock;
    /** Compared against when the username is unknown, so a login takes as long for a missing user as for a wrong password. */
    private final String dummyHash;

    UserService(UserAccountRepository accounts, RevocationRepository revocations, RevokedTokens revoked,
            UserIdRegistry ids, ApplicationEventPublisher events, RegistrationPolicy registration, Clock clock) {
        this.accounts = accounts;
        this.revocations = revocations;
        this.revoked = revoked;
        this.ids = ids;
        this.events = events;
        this.registration = registration;
        this.clock = clock;
        this.dummyHash = encoder.encode("not-a-real-password");
    }

    @Transactional
    public Actor register(String username, String password) {
        if (!registration.localRegistration()) {
            throw DomainException.forbidden("local registration is disabled");
        }
        validateUsername(username);
        validatePassword(password);
        if (accounts.existsById(username) || ids.isKnown(username)) {
            throw DomainException.conflict(TAKEN);
        }
        try {
            accounts.saveAndFlush(new UserAccount(username, encoder.encode(password), Role.USER, clock.instant()));
        } catch (DataIntegrityViolationException raced) {
            throw DomainException.conflict(TAKEN);
        }
        return new Actor(username, Role.USER);
    }

    @Transactional(readOnly = true)
    public Actor authenticate(String username, String password) {
        UserAccount account = username == null ? null : accounts.findById(username).orElse(null);
        String hash = account == null ? dummyHash : account.passwordHash();
        boolean matches = password != null && encoder.matches(password, hash);
        if (account == null || !matches) {
            throw new DomainException(ErrorCode.UNAUTHORIZED, "invalid username or password");
        }
        return new Actor(account.username(), account.role());
    }

    /**
     * The operator's way to make an ADMIN, which no stranger can race: a new local ADMIN account, or an existing
     * local account made ADMIN with this password (its earlier tokens stop working). Refused for an id that
     * something else already refers to (see {@link #register}), as registration would refuse it. Works whether
     * or not local registration is enabled.
     *
     * @return true when a new account was created, false when an existing one was changed
     */
    @Transactional
    public boolean createAdmin(String username, String password) {
        validateUsername(username);
        validatePassword(password);
        UserAccount existing = accounts.findById(username).orElse(null);
        if (existing != null) {
            existing.resetPassword(encoder.encode(password));
            existing.changeRole(Role.ADMIN);
            revokeTokensIssuedUntilNow(username, false);
            return false;
        }
        if (ids.isKnown(username)) {
            throw DomainException.conflict(username + " is already in use by someone without a local account "
                    + "(a room member, a notification recipient, a token holder or a deleted account); choose "
                    + "another name");
        }
        accounts.saveAndFlush(new UserAccount(username, encoder.encode(password), Role.ADMIN, clock.instant()));
        return true;
    }

    /**
     * Gives an existing local account another platform role. Demoting also refuses the account's tokens issued so
     * far (they carry the ADMIN role); the user logs in again to get a USER token.
     *
     * @return the role the account had before
     */
    @Transactional
    public Role changeRole(String username, Role role) {
        UserAccount account = username == null ? null : accounts.findById(username).orElse(null);
        if (account == null) {
            throw DomainException.notFound("there is no local account " + username);
        }
        Role before = account.role();
        account.changeRole(role);
        if (before == Role.ADMIN && role != Role.ADMIN) {
            revokeTokensIssuedUntilNow(username, false);
        }
        return before;
    }

    /**
     * A user changes the password of their own local account, proving the current one. Every token issued to them
     * so far is refused from now on, the caller's included (their other devices' sockets close with 4401, as after
     * an operator's reset); the caller carries on with a new token ({@link #tokensValidFrom}).
     *
     * @return the account as it is now, to issue the new token to
     */
    @Transactional
    public Actor changePassword(Actor caller, String currentPassword, String newPassword) {
        validatePassword(newPassword);
        UserAccount account = accounts.findById(caller.userId()).orElse(null);
        if (account == null) {
            throw DomainException.forbidden(caller.userId() + " has no local account: change the password where your"
                    + " token comes from");
        }
        if (currentPassword == null || !encoder.matches(currentPassword, account.passwordHash())) {
            throw DomainException.forbidden("the current password is wrong");
        }
        account.resetPassword(encoder.encode(newPassword));
        revokeTokensIssuedUntilNow(caller.userId(), false);
        return new Actor(account.username(), account.role());
    }

    /**
     * Signs a user out everywhere: every token issued to them so far, by whichever issuer, is refused from now on and
     * the sockets opened with them close with 4401. Signing in again (or the issuer's next token) works at once.
     */
    @Transactional
    public void revokeOwnTokens(Actor caller) {
        revokeTokensIssuedUntilNow(caller.userId(), false);
    }

    /**
     * From when a token issued to this user is not refused by their latest revocation (JWT {@code iat} counts whole
     * seconds, so the second after it); null when their tokens were never revoked. Read from the database, so a
     * revocation committed by another node a moment ago counts.
     */
    @Transactional(readOnly = true)
    public Instant tokensValidFrom(String userId) {
        return revocations.findById(userId).map(row -> Revocation.validFrom(row.revokedAt())).orElse(null);
    }

    /**
     * The platform ADMINs the server knows of without anyone connected: local accounts with the ADMIN role.
     * Users of other issuers' ADMIN tokens are not known here.
     */
    @Transactional(readOnly = true)
    public Set<String> knownAdminIds() {
        return new TreeSet<>(accounts.findUsernamesByRole(Role.ADMIN));
    }

    /**
     * Notes that a verified token named {@code userId}, so that nobody can register that id later. Called on every
     * authentication, so it never waits for the database: a new id is stored in the background within moments and
     * counts as taken on this node at once.
     */
    public void recordSeen(String userId) {
        ids.recordSeen(userId);
    }

    /**
     * Deletes a user: the local account if there is one, their memberships (through {@link AccountDeleted}
     * listeners), their notifications, and every token issued to them so far, whoever issued it. The id stays
     * taken: registering it again is refused, so nobody inherits what was addressed to it.
     * Only the user themselves or a platform ADMIN may do it.
     */
    @Transactional
    public void delete(Actor caller, String userId) {
        UserIds.requireValid(userId);
        if (!caller.userId().equals(userId) && !caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only the user or a platform ADMIN may delete an account");
        }
        accounts.deleteById(userId);
        revokeTokensIssuedUntilNow(userId, true);
        events.publishEvent(new AccountDeleted(userId, caller.userId()));
    }

    /**
     * Whether a token of {@code userId} issued at {@code issuedAt} was revoked: by an account deletion, a demotion,
     * a password reset or change, or signing out everywhere. Answered from memory (see {@link RevokedTokens} for how
     * current it is).
     */
    public boolean isRevoked(String userId, Instant issuedAt) {
        return revoked.covers(userId, issuedAt);
    }

    /**
     * Whether an open session's token, issued at {@code issuedAtSecond} (epoch seconds; {@link Long#MIN_VALUE}
     * without {@code iat}), has been revoked since, as far as this node knows: memory only, never the database,
     * since every open session is asked about every second.
     */
    public boolean isRevokedAsKnown(String userId, long issuedAtSecond) {
        return revoked.coversAsKnown(userId, issuedAtSecond);
    }

    /** Whether the latest revocation of this user's tokens was their account's deletion. */
    @Transactional(readOnly = true)
    public boolean isDeleted(String userId) {
        return revocations.findById(userId).map(Revocation::accountDeleted).orElse(false);
    }

    /**
     * Reads the revocations of these users from the database again, because another node says it has just revoked
     * their tokens. Unknown ids are ignored, so a forged call can refuse nobody.
     */
    public void rereadRevocations(Collection<String> userIds) {
        revoked.reread(userIds);
    }

    private void revokeTokensIssuedUntilNow(String userId, boolean accountDeleted) {
        Instant now = clock.instant();
        revocations.findById(userId).ifPresentOrElse(r -> r.renew(now, accountDeleted),
                () -> revocations.save(new Revocation(userId, now, accountDeleted)));
        events.publishEvent(new TokensRevoked(userId, now));
    }

    private static void validateUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw DomainException.badRequest("username must be 3 to 64 letters, digits, '.', '_' or '-'");
        }
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
