#ifndef JINGWU_CLIBPQ_SHIM_H
#define JINGWU_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client library (Debian's libpq-dev): the station's database.
#include <libpq-fe.h>
#endif
