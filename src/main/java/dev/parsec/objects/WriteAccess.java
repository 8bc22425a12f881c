package dev.parsec.objects;

import java.util.List;

/**
 * Who may change an object: the caller's ACL names (null for the master key) and, under pointer
 * permissions, the fields of which one must point to the signed-in user.
 */
public record WriteAccess(List<String> acl, List<String> owners, String userId) {
}
