def offline_pack_downloads(user):
    return [
        {
            "course": download.course.slug,
            "version": download.version,
            "downloaded_at": download.downloaded_at.isoformat(),
        }
        for download in user.pack_downloads.select_related("course")
    ]
