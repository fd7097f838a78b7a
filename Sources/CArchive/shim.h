#ifndef DOCSGEN_CARCHIVE_SHIM_H
#define DOCSGEN_CARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>
#include <isa-l/igzip_lib.h>
#include <openssl/evp.h>

/* Macros Swift cannot import, as functions. */
static inline unsigned int docsgen_ae_ifreg(void) { return AE_IFREG; }
static inline unsigned int docsgen_ae_ifdir(void) { return AE_IFDIR; }
static inline unsigned int docsgen_ae_iflnk(void) { return AE_IFLNK; }
static inline int docsgen_archive_ok(void) { return ARCHIVE_OK; }
static inline int docsgen_archive_eof(void) { return ARCHIVE_EOF; }
static inline int docsgen_archive_warn(void) { return ARCHIVE_WARN; }
static inline int docsgen_archive_fatal(void) { return ARCHIVE_FATAL; }
static inline uint32_t docsgen_isal_gzip(void) { return ISAL_GZIP; }

#endif
