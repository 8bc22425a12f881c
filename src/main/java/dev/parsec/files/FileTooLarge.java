package dev.parsec.files;

import dev.parsec.error.ParseException;

/** An upload beyond file_max_size: 413, with Parse's file save error code. */
final class FileTooLarge extends ParseException {

  FileTooLarge(long maxSize) {
    super(FILE_SAVE_ERROR, "File size exceeds the maximum of " + maxSize + " bytes.", 413);
  }
}
