package dev.darner.cluster;

import dev.darner.schedule.AzScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as one node sees it: its members, and where each AZ's scheduler runs. Plain records,
 * for the HTTP API to render as JSON.
 *
 * @param members every member, by AZ and then oldest first
 * @param schedulers one entry per AZ
 */
public record ClusterOverview(List<MemberView> members, List<SchedulerView> schedulers) {

  /**
   * One member.
   *
   * @param address its cluster address
   * @param availabilityZone its AZ, the Pekko data center
   * @param roles its roles, such as {@code seed} and {@code peer}
   * @param status its membership status in lower case: joining, up, leaving, exiting, down...
   * @param ageRank 1 for the oldest member of its AZ, where the scheduler runs, 2 for the next
   * @param reachable whether this node can reach it
   */
  public record MemberView(
      String address,
      String availabilityZone,
      List<String> roles,
      String status,
      int ageRank,
      boolean reachable) {}

  /**
   * Where one AZ's scheduler runs.
   *
   * @param availabilityZone the AZ
   * @param address the cluster address of the node running it; empty when it did not answer
   * @param liveHosts how many live hosts it knows; -1 when it did not answer
   */
  public record SchedulerView(String availabilityZone, String address, int liveHosts) {}

  private static final String DATA_CENTER_ROLE_PREFIX = "dc-";

  /**
   * Returns the overview as {@code system} sees it, asking each AZ's scheduler where it runs; one
   * that does not answer within the ask timeout is shown with an empty address.
   */
  public static CompletionStage<ClusterOverview> read(ActorSystem<?> system) {
    CoordinationSettings settings = CoordinationSettings.create(system);
    Cluster cluster = Cluster.get(system);
    Set<Member> unreachable = cluster.state().getUnreachable();
    List<Member> sorted = new ArrayList<>();
    cluster.state().getMembers().forEach(sorted::add);
    sorted.sort(
        Comparator.comparing(Member::dataCenter)
            .thenComparing((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0));
    List<MemberView> members = new ArrayList<>();
    Set<String> zones = new TreeSet<>();
    String zone = null;
    int rank = 0;
    for (Member member : sorted) {
      rank = member.dataCenter().equals(zone) ? rank + 1 : 1;
      zone = member.dataCenter();
      zones.add(zone);
      List<String> roles = new ArrayList<>();
      for (String role : member.getRoles()) {
        if (!role.startsWith(DATA_CENTER_ROLE_PREFIX)) {
          roles.add(role);
        }
      }
      roles.sort(null);
      members.add(
          new MemberView(
              member.address().toString(),
              zone,
              roles,
              member.status().toString().toLowerCase(Locale.ROOT),
              rank,
              !unreachable.contains(member)));
    }
    Schedulers schedulers = new Schedulers(system, settings);
    List<CompletableFuture<SchedulerView>> views = new ArrayList<>();
    for (String az : zones) {
      views.add(locate(system, schedulers, az, settings.askTimeout()));
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                new ClusterOverview(
                    List.copyOf(members), views.stream().map(CompletableFuture::join).toList()));
  }

  private static CompletableFuture<SchedulerView> locate(
      ActorSystem<?> system, Schedulers schedulers, String az, Duration timeout) {
    return AskPattern.<AzScheduler.Command, AzScheduler.Located>ask(
            schedulers.of(az), AzScheduler.Locate::new, timeout, system.scheduler())
        .thenApply(located -> new SchedulerView(az, located.address(), located.hosts()))
        .exceptionally(failure -> new SchedulerView(az, "", -1))
        .toCompletableFuture();
  }
}
