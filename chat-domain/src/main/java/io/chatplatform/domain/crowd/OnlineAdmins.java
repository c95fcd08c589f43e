package io.chatplatform.domain.crowd;

import java.util.Set;

/**
 * Users connected right now with a platform ADMIN token, on any endpoint. The socket layer knows them; the domain
 * asks, because an ADMIN minted by another issuer is known nowhere else.
 */
public interface OnlineAdmins {

    Set<String> onlineAdminIds();
}
