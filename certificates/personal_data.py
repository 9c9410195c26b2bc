def certificates(user):
    return [
        {
            "course": certificate.course.slug,
            "code": certificate.code,
            "name": certificate.name,
            "issued_at": certificate.issued_at.isoformat(),
        }
        for certificate in user.certificates.select_related("course")
    ]
