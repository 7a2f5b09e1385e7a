package dev.darner.api.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.darner.task.HostId;
import dev.darner.task.TaskId;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Writes management answers as JSON. Ids are written as the plain strings people and scripts use (a
 * task id as its hex, a host as {@code host:port}), not as the records that hold them.
 */
public final class ManagementJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule("darner-ids")
                  .addSerializer(TaskId.class, ToStringSerializer.instance)
                  .addSerializer(HostId.class, ToStringSerializer.instance));

  private ManagementJson() {}

  /** Returns a 200 answer whose body is {@code value} as JSON. */
  public static HttpResponse ok(Object value) {
    return response(StatusCodes.OK, value);
  }

  /** Returns an answer with {@code status} whose body is {@code value} as JSON. */
  public static HttpResponse response(StatusCode status, Object value) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(value)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a management answer always serialises", e);
    }
  }
}
