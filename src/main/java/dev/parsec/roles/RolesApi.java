package dev.parsec.roles;

import dev.parsec.objects.ObjectsApi;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.writes.ClassWriter;
import io.vertx.core.Vertx;

/** /roles (and /classes/_Role): roles are objects of _Role, read and written through the one read and write paths. */
public final class RolesApi {

  public static final String ROLE = "_Role";

  private final ObjectsApi objects;

  public RolesApi(ObjectsApi objects) {
    this.objects = objects;
  }

  /** _Role's part in the write path. */
  public static ClassWriter writer(Vertx vertx) {
    return new RoleWriter(vertx);
  }

  /** Registers /roles, and /classes/_Role ahead of the generic /classes routes. */
  public void addTo(ApiRoutes routes) {
    for (String base : new String[] {"/roles", "/classes/" + ROLE}) {
      routes.on(Method.POST, base, r -> objects.create(r, ROLE))
          .on(Method.GET, base, r -> objects.find(r, ROLE))
          .on(Method.GET, base + "/:objectId", r -> objects.get(r, ROLE))
          .on(Method.PUT, base + "/:objectId", r -> objects.update(r, ROLE))
          .on(Method.DELETE, base + "/:objectId", r -> objects.delete(r, ROLE));
    }
  }
}
