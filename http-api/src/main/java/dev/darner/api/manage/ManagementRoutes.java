package dev.darner.api.manage;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.darner.api.Failures;
import dev.darner.cluster.HeldTask;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The management API of a node:
 *
 * <ul>
 *   <li>{@code GET /api/v1/tasks[?scope=local|cluster]}: the tasks of this node's store, or of
 *       every host of the cluster by AZ;
 *   <li>{@code GET /api/v1/tasks/{id}} and {@code DELETE /api/v1/tasks/{id}}: one task of this
 *       node's store, by id or a unique prefix of it;
 *   <li>{@code POST /api/v1/cluster/leave} and {@code POST /api/v1/cluster/down} with {@code
 *       {"address": "host:port"}}: take a member out of the cluster;
 *   <li>{@code GET /api/v1/stat}: this node's traffic split and store usage.
 * </ul>
 *
 * <p>The requests that change something pass the {@link ApiToken} first.
 */
public final class ManagementRoutes extends AllDirectives {

  /** The body of a leave or down request. */
  public record MemberRequest(String address) {}

  /** The answer to a leave or down request. */
  public record MemberChange(String address, String action) {}

  /** The answer listing this node's tasks. */
  public record LocalTasks(List<HeldTask> tasks) {}

  private final TaskAdmin tasks;
  private final MemberAdmin members;
  private final ApiToken token;

  private ManagementRoutes(TaskAdmin tasks, MemberAdmin members, ApiToken token) {
    this.tasks = tasks;
    this.members = members;
    this.token = token;
  }

  /** Returns the management routes, guarded by {@code token}. */
  public static Route create(TaskAdmin tasks, MemberAdmin members, ApiToken token) {
    return new ManagementRoutes(tasks, members, token).route();
  }

  private Route route() {
    return pathPrefix(
        segment("api").slash("v1"),
        () ->
            concat(
                path("tasks", () -> get(() -> parameterOptional("scope", this::listTasks))),
                path(
                    segment("tasks").slash(segment()),
                    id ->
                        concat(
                            get(() -> complete(ManagementJson.ok(tasks.localTask(id)))),
                            delete(
                                () ->
                                    guarded(
                                        () -> complete(ManagementJson.ok(tasks.removeTask(id))))))),
                path(
                    segment("cluster").slash("leave"),
                    () -> post(() -> guarded(() -> memberChange("leave", members::leave)))),
                path(
                    segment("cluster").slash("down"),
                    () -> post(() -> guarded(() -> memberChange("down", members::down)))),
                path("stat", () -> get(() -> complete(ManagementJson.ok(tasks.stat()))))));
  }

  private Route listTasks(Optional<String> scope) {
    String wanted = scope.orElse("local");
    if (wanted.equals("local")) {
      return complete(ManagementJson.ok(new LocalTasks(tasks.localTasks())));
    }
    if (wanted.equals("cluster")) {
      return completeWithFuture(
          tasks.clusterTasks().thenApply(ManagementJson::ok).exceptionally(Failures::response));
    }
    throw new ManagementFailure(
        ManagementFailure.Kind.BAD_REQUEST, "scope must be local or cluster, was: " + wanted);
  }

  private Route memberChange(String action, Function<String, Optional<String>> change) {
    return entity(
        Jackson.unmarshaller(MemberRequest.class),
        request -> {
          if (request.address() == null || request.address().isBlank()) {
            throw new ManagementFailure(
                ManagementFailure.Kind.BAD_REQUEST, "the body must name an address");
          }
          String address =
              change
                  .apply(request.address())
                  .orElseThrow(
                      () ->
                          new ManagementFailure(
                              ManagementFailure.Kind.NOT_FOUND,
                              "no cluster member has the address " + request.address()));
          return complete(
              ManagementJson.response(StatusCodes.ACCEPTED, new MemberChange(address, action)));
        });
  }

  private Route guarded(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        authorization -> {
          token.check(authorization);
          return inner.get();
        });
  }
}
