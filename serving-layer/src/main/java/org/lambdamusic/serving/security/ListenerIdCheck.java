package org.lambdamusic.serving.security;

import java.lang.reflect.Type;
import org.lambdamusic.serving.interaction.InteractRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * POST /api/interact with a bearer token: the body's user_id must be the token's subject (403
 * problem+json otherwise), unless the token has the admin role. Requests without a token (open
 * mode; ListenerSecurity lets none through to here in jwt mode) are not checked.
 */
@ControllerAdvice
public class ListenerIdCheck extends RequestBodyAdviceAdapter {
    @Override
    public boolean supports(
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType == InteractRequest.class;
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        Authentication caller =
                SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (caller instanceof JwtAuthenticationToken token
                && body instanceof InteractRequest request
                && request.userId() != null
                && !Tokens.mayActAs(token, request.userId())) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.FORBIDDEN,
                            "The token's subject '"
                                    + token.getName()
                                    + "' may only send interactions as that listener, not as '"
                                    + request.userId()
                                    + "'.");
            problem.setTitle("Forbidden");
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
        }
        return body;
    }
}
