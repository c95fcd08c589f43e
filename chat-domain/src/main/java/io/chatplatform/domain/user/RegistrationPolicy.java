package io.chatplatform.domain.user;

/**
 * Whether local accounts may be created, as the deployment configures it. A port of this package's own: the
 * setting lives with the other {@code chat.auth} settings ({@code AuthProperties} implements this), and auth
 * depends on users, never the other way round.
 */
public interface RegistrationPolicy {

    /** Whether {@link UserService#register} creates accounts. */
    boolean localRegistration();
}
