package dev.parsec.livequery;

import java.util.List;

/** A subscriber's identity: user id (null when anonymous) and the names its ACLs may grant ("*", the user, its roles). */
record Identity(String userId, List<String> aclNames) {

  static final Identity ANONYMOUS = new Identity(null, List.of("*"));
}
