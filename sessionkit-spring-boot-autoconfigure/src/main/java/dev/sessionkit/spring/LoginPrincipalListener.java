package dev.sessionkit.spring;

import dev.sessionkit.Session;
import dev.sessionkit.SessionData;
import dev.sessionkit.servlet.Sessions;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;

/**
 * Makes a Spring Security login the session's principal. Spring Security stores the login in the session when a user
 * authenticates (form login, OAuth2 login, a re-authentication, a switch of user), as a {@link SecurityContext}
 * attribute; this listener of the {@code HttpSession} view then sets the session's principal to the authenticated
 * name and marks the session as freshly authenticated ({@code Session.markAuthenticated()}, for
 * {@code authenticatedWithin} and the absolute timeout). The principal index, and a configured
 * {@code sessionlimit}, then apply at the save that ends the request.
 */
final class LoginPrincipalListener implements HttpSessionAttributeListener {

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        loggedIn(event);
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        loggedIn(event); // the event carries the old value: the new one is the attribute now
    }

    private static void loggedIn(HttpSessionBindingEvent event) {
        if (!(event.getSession().getAttribute(event.getName()) instanceof SecurityContext context)) {
            return;
        }
        Authentication authentication = context.getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return;
        }
        Session<SessionData> session = Sessions.of(event.getSession());
        session.principal(authentication.getName());
        session.markAuthenticated();
    }
}
