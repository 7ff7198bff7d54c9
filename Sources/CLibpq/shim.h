#ifndef JINGWU_CLIBPQ_SHIM_H
#define JINGWU_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client library (Debian's libpq-dev): the station's database.
//
// Loaded when the station is first used (dlopen of libpq.so.5), not linked: libpq brings
// some twenty shared libraries with it (libssl, Kerberos, LDAP, SASL, GnuTLS…), and
// loading and relocating them cost every `jingwu` process about 5 ms at start-up — a
// tenth of a headless write — though only the station's commands ever use them. The
// header gives the types and constants; the functions are the `jw_PQ…` wrappers below,
// each looking its libpq function up once. Without libpq on the machine every office
// command still runs; connecting to the station fails with `jw_pq_unavailable()`'s reason.
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif
#include <dlfcn.h>
#include <stddef.h>

static const char jw_pq_unavailable_text[] = "libpq (libpq.so.5) could not be loaded";

/// libpq's handle, loaded at the first call (NULL when it cannot be).
static inline void *jw_pq_library(void) {
    static void *library;
    static int failed;
    void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (handle || __atomic_load_n(&failed, __ATOMIC_ACQUIRE)) return handle;
    // dlopen is thread-safe and counts references: two threads racing here get the same handle.
    handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle) __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
    else __atomic_store_n(&failed, 1, __ATOMIC_RELEASE);
    return handle;
}

static inline void *jw_pq_symbol(const char *name) {
    void *handle = jw_pq_library();
    return handle ? dlsym(handle, name) : NULL;
}

/// `name`'s function in libpq, looked up once into `cached` (NULL when libpq cannot be loaded).
static inline void *jw_pq_cached(void **cached, const char *name) {
    void *f = __atomic_load_n(cached, __ATOMIC_ACQUIRE);
    if (!f) {
        f = jw_pq_symbol(name);
        if (f) __atomic_store_n(cached, f, __ATOMIC_RELEASE);
    }
    return f;
}

/// Why libpq cannot be used, or NULL when it is loaded.
static inline const char *jw_pq_unavailable(void) {
    return jw_pq_library() ? NULL : jw_pq_unavailable_text;
}

static inline PGconn * jw_PQconnectdb(const char *conninfo) {
    typedef PGconn * (*fn_t)(const char *conninfo);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQconnectdb");
    return f ? f(conninfo) : NULL;
}

static inline PGconn * jw_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    typedef PGconn * (*fn_t)(const char *const *keywords, const char *const *values, int expand_dbname);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQconnectdbParams");
    return f ? f(keywords, values, expand_dbname) : NULL;
}

static inline ConnStatusType jw_PQstatus(const PGconn *conn) {
    typedef ConnStatusType (*fn_t)(const PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQstatus");
    return f ? f(conn) : CONNECTION_BAD;
}

static inline char * jw_PQerrorMessage(const PGconn *conn) {
    typedef char * (*fn_t)(const PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQerrorMessage");
    return f ? f(conn) : (char *)jw_pq_unavailable_text;
}

static inline PQnoticeProcessor jw_PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    typedef PQnoticeProcessor (*fn_t)(PGconn *conn, PQnoticeProcessor proc, void *arg);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQsetNoticeProcessor");
    return f ? f(conn, proc, arg) : NULL;
}

static inline void jw_PQfinish(PGconn *conn) {
    typedef void (*fn_t)(PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQfinish");
    if (f) f(conn);
}

static inline int jw_PQbackendPID(const PGconn *conn) {
    typedef int (*fn_t)(const PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQbackendPID");
    return f ? f(conn) : 0;
}

static inline PGresult * jw_PQexec(PGconn *conn, const char *query) {
    typedef PGresult * (*fn_t)(PGconn *conn, const char *query);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQexec");
    return f ? f(conn, query) : NULL;
}

static inline PGresult * jw_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat) {
    typedef PGresult * (*fn_t)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQexecParams");
    return f ? f(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat) : NULL;
}

static inline int jw_PQsendQueryParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat) {
    typedef int (*fn_t)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQsendQueryParams");
    return f ? f(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat) : 0;
}

static inline int jw_PQsetSingleRowMode(PGconn *conn) {
    typedef int (*fn_t)(PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQsetSingleRowMode");
    return f ? f(conn) : 0;
}

static inline PGresult * jw_PQgetResult(PGconn *conn) {
    typedef PGresult * (*fn_t)(PGconn *conn);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQgetResult");
    return f ? f(conn) : NULL;
}

static inline int jw_PQputCopyData(PGconn *conn, const char *buffer, int nbytes) {
    typedef int (*fn_t)(PGconn *conn, const char *buffer, int nbytes);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQputCopyData");
    return f ? f(conn, buffer, nbytes) : -1;
}

static inline int jw_PQputCopyEnd(PGconn *conn, const char *errormsg) {
    typedef int (*fn_t)(PGconn *conn, const char *errormsg);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQputCopyEnd");
    return f ? f(conn, errormsg) : -1;
}

static inline ExecStatusType jw_PQresultStatus(const PGresult *res) {
    typedef ExecStatusType (*fn_t)(const PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQresultStatus");
    return f ? f(res) : PGRES_FATAL_ERROR;
}

static inline char * jw_PQresultErrorMessage(const PGresult *res) {
    typedef char * (*fn_t)(const PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQresultErrorMessage");
    return f ? f(res) : (char *)jw_pq_unavailable_text;
}

static inline char * jw_PQresultErrorField(const PGresult *res, int fieldcode) {
    typedef char * (*fn_t)(const PGresult *res, int fieldcode);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQresultErrorField");
    return f ? f(res, fieldcode) : NULL;
}

static inline void jw_PQclear(PGresult *res) {
    typedef void (*fn_t)(PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQclear");
    if (f) f(res);
}

static inline int jw_PQntuples(const PGresult *res) {
    typedef int (*fn_t)(const PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQntuples");
    return f ? f(res) : 0;
}

static inline int jw_PQnfields(const PGresult *res) {
    typedef int (*fn_t)(const PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQnfields");
    return f ? f(res) : 0;
}

static inline char * jw_PQcmdTuples(PGresult *res) {
    typedef char * (*fn_t)(PGresult *res);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQcmdTuples");
    return f ? f(res) : (char *)"";
}

static inline char * jw_PQgetvalue(const PGresult *res, int tup_num, int field_num) {
    typedef char * (*fn_t)(const PGresult *res, int tup_num, int field_num);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQgetvalue");
    return f ? f(res, tup_num, field_num) : NULL;
}

static inline int jw_PQgetlength(const PGresult *res, int tup_num, int field_num) {
    typedef int (*fn_t)(const PGresult *res, int tup_num, int field_num);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQgetlength");
    return f ? f(res, tup_num, field_num) : 0;
}

static inline int jw_PQgetisnull(const PGresult *res, int tup_num, int field_num) {
    typedef int (*fn_t)(const PGresult *res, int tup_num, int field_num);
    static void *cached;
    fn_t f = (fn_t)jw_pq_cached(&cached, "PQgetisnull");
    return f ? f(res, tup_num, field_num) : 1;
}

#endif
