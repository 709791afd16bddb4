package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The router's own table, read from its source, against {@link RouteLabels#ROUTES} (which OpenApiDocumentTest holds
 * equal to the paths of {@code docs/openapi.yaml}). OpenApiDocumentTest proves every listed route is the router's;
 * this proves the converse: a route added to {@code HttpApi.route} or {@code AdminRoutes.handle} without being
 * listed, labelled and described fails here, naming it. The source is read because a string switch's labels are
 * inlined constants the compiled classes no longer name.
 */
class RouteTableTest {
    private static final Path SOURCES = Path.of("src/main/java/com/securevox/call/httpapi");
    /** HTML pages of the dashboard: documents for a browser, not REST routes (out of the OpenAPI document's scope). */
    private static final Set<String> PAGES = Set.of(AdminRoutes.PAGE, AdminRoutes.PAGE + "/", AdminRoutes.SIGN_IN_PAGE);
    /** The labels {@link RouteLabels#of} gives besides the routes: files, and paths that are no route. */
    private static final Set<String> NOT_ROUTES = Set.of("static", "unmatched", "/admin/{asset}");

    private static final Pattern CASE = Pattern.compile("case ([^;{}]+?) ->");
    private static final Pattern EQUALS =
            Pattern.compile("path(?:\\(\\))?\\.equals\\(([A-Za-z_.]+(?: \\+ \"[^\"]*\")?)\\)");
    private static final Pattern MATCHER = Pattern.compile("\\b([A-Z]\\w*Routes)\\.(\\w+Of)\\(");
    private static final Pattern PATH_LITERAL = Pattern.compile("(?<!\\+ )\"(/[^\"]*)\"");

    @Test
    void everyPathTheRouterAnswersByNameIsAListedRouteOrAPage() throws IOException {
        List<String> named = new ArrayList<>();
        named.addAll(
                pathsNamedIn(method("HttpApi.java", "private ApiResponse route(ApiRequest request)"), HttpApi.class));
        named.addAll(
                pathsNamedIn(method("AdminRoutes.java", "ApiResponse handle(ApiRequest request)"), AdminRoutes.class));

        assertThat(named)
                .as("the paths the router names (is this reading of its source still right?)")
                .contains("/health", "/api/call/token", AdminRoutes.SESSION, AdminRoutes.WEBHOOKS);
        Set<String> unlisted = new TreeSet<>();
        for (String path : named) {
            if (!RouteLabels.ROUTES.contains(path) && !PAGES.contains(path)) {
                unlisted.add(path);
            }
        }
        assertThat(unlisted)
                .as("routes of the router missing from RouteLabels.ROUTES and docs/openapi.yaml")
                .isEmpty();
    }

    @Test
    void everyPathMatcherTheRouterUsesIsOneTheRouteLabelsUseToo() throws IOException {
        Set<String> routed = matchersIn(method("HttpApi.java", "private ApiResponse route(ApiRequest request)"));
        routed.addAll(matchersIn(method("AdminRoutes.java", "ApiResponse handle(ApiRequest request)")));
        Set<String> labelled = matchersIn(method("RouteLabels.java", "String of(String path, int status)"));

        assertThat(routed)
                .as("the matchers the router uses (is this reading of its source still right?)")
                .contains("HostRoutes.actionOf", "QualityRoutes.sessionIdOf");
        assertThat(labelled)
                .as("a matcher of the router RouteLabels.of does not use: its route has no label, no entry in"
                        + " RouteLabels.ROUTES and so no description in docs/openapi.yaml")
                .containsAll(routed);
    }

    @Test
    void everyPathTheRouteLabelsNameIsAListedRoute() throws IOException {
        Set<String> unlisted = new TreeSet<>();
        Matcher literal = PATH_LITERAL.matcher(method("RouteLabels.java", "String of(String path, int status)"));
        while (literal.find()) {
            String path = literal.group(1);
            boolean prefixOfAListedOne = RouteLabels.ROUTES.stream().anyMatch(r -> r.startsWith(path));
            if (!prefixOfAListedOne && !NOT_ROUTES.contains(path)) {
                unlisted.add(path);
            }
        }
        assertThat(unlisted)
                .as("labels of RouteLabels.of missing from RouteLabels.ROUTES")
                .isEmpty();
    }

    /** The body of the method declared by {@code signature}: up to the first line closing it at its indentation. */
    private static String method(String file, String signature) throws IOException {
        String source = Files.readString(SOURCES.resolve(file));
        int start = source.indexOf("    " + signature + " {");
        assertThat(start).as(signature + " in " + file).isNotNegative();
        int end = source.indexOf("\n    }\n", start);
        return source.substring(start, end);
    }

    /** The paths a method compares its request's path with: switch labels and {@code path.equals(...)}. */
    private static List<String> pathsNamedIn(String body, Class<?> owner) {
        List<String> paths = new ArrayList<>();
        Matcher label = CASE.matcher(body);
        while (label.find()) {
            for (String one : label.group(1).split(",")) {
                value(one.strip(), owner).filter(v -> v.startsWith("/")).ifPresent(paths::add);
            }
        }
        Matcher equals = EQUALS.matcher(body);
        while (equals.find()) {
            value(equals.group(1), owner).filter(v -> v.startsWith("/")).ifPresent(paths::add);
        }
        return paths;
    }

    /** A string literal, a constant ({@code NAME} of the owner or {@code Class.NAME}) or one plus a literal. */
    private static Optional<String> value(String expression, Class<?> owner) {
        if (expression.startsWith("\"")) {
            return Optional.of(expression.substring(1, expression.length() - 1));
        }
        String[] sum = expression.split(" \\+ ", 2);
        String suffix = sum.length == 2 ? sum[1].substring(1, sum[1].length() - 1) : "";
        String reference = sum[0];
        if (!reference.matches("([A-Z]\\w*\\.)?[A-Z][A-Z0-9_]*")) {
            return Optional.empty(); // a pattern or a method name, not a path
        }
        int dot = reference.lastIndexOf('.');
        try {
            Class<?> type = dot < 0 ? owner : Class.forName(owner.getPackageName() + "." + reference.substring(0, dot));
            Field field = type.getDeclaredField(reference.substring(dot + 1));
            field.setAccessible(true);
            return Optional.of(field.get(null) + suffix);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot resolve " + expression + " of " + owner.getSimpleName(), e);
        }
    }

    private static Set<String> matchersIn(String body) {
        Set<String> found = new TreeSet<>();
        Matcher call = MATCHER.matcher(body);
        while (call.find()) {
            found.add(call.group(1) + "." + call.group(2));
        }
        return found;
    }
}
